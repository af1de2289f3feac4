FROM ghost:5.87.1-alpine

COPY --chown=node:node themes/casper-acme /var/lib/ghost/content/themes/casper-acme
ENV url=https://blog.example.com \
    database__client=mysql \
    database__connection__host=db \
    database__connection__password=ghostpw \
    mail__options__auth__pass=SG.FAKE_sendgrid_key_0000000000
EXPOSE 2368
