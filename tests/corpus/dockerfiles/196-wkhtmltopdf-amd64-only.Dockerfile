FROM --platform=linux/amd64 python:3.10-slim-bullseye

RUN apt-get update && apt-get install -y --no-install-recommends wget fontconfig libxrender1 xfonts-75dpi xfonts-base \
 && wget -q https://github.com/wkhtmltopdf/packaging/releases/download/0.12.6.1-2/wkhtmltox_0.12.6.1-2.bullseye_amd64.deb \
 && apt-get install -y --no-install-recommends ./wkhtmltox_0.12.6.1-2.bullseye_amd64.deb \
 && rm wkhtmltox_0.12.6.1-2.bullseye_amd64.deb && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
CMD ["python", "invoice_renderer.py"]
