FROM hashicorp/terraform:1.9.2

RUN apk add --no-cache bash=5.2.26-r0 git=2.45.2-r0 jq=1.7.1-r0 python3=3.12.3-r1 py3-pip=24.0-r2 \
 && pip3 install --no-cache-dir --break-system-packages awscli==1.33.25

RUN wget -q https://github.com/terraform-linters/tflint/releases/download/v0.52.0/tflint_linux_amd64.zip \
 && unzip tflint_linux_amd64.zip -d /usr/local/bin \
 && rm tflint_linux_amd64.zip

ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
ENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
ENV AWS_DEFAULT_REGION=eu-west-1

ENTRYPOINT []
