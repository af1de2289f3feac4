FROM ubuntu:jammy

RUN apt-get update && apt-get install -y wget gnupg unzip xvfb python3-pip

RUN wget -q -O - https://dl-ssl.google.com/linux/linux_signing_key.pub | apt-key add - \
    && echo "deb [arch=amd64] http://dl.google.com/linux/chrome/deb/ stable main" > /etc/apt/sources.list.d/google-chrome.list \
    && apt-get update && apt-get install -y google-chrome-stable

RUN pip3 install selenium pytest webdriver-manager

WORKDIR /tests
COPY tests/ .
CMD ["pytest", "-v", "--maxfail=1"]
