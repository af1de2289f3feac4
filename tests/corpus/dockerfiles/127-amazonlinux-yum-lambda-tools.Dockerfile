FROM amazonlinux:2

RUN yum update && yum install -y python3 zip unzip tar gzip wget
RUN curl "https://awscli.amazonaws.com/awscli-exe-linux-x86_64.zip" -o "awscliv2.zip" \
    && unzip awscliv2.zip && ./aws/install && rm -rf aws awscliv2.zip
RUN wget https://releases.hashicorp.com/terraform/1.9.2/terraform_1.9.2_linux_amd64.zip \
    && unzip terraform_1.9.2_linux_amd64.zip -d /usr/local/bin

WORKDIR /deploy
COPY . .
ENTRYPOINT ["./deploy.sh"]
