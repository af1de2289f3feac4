FROM openresty/openresty:1.25.3.1-alpine-fat

RUN apk add --no-cache git
RUN luarocks install lua-resty-jwt \
 && luarocks install lua-resty-http 0.17.2-0 \
 && opm get ledgetech/lua-resty-http

COPY nginx.conf /usr/local/openresty/nginx/conf/nginx.conf
COPY lua/ /usr/local/openresty/site/lualib/gateway/
ENV JWT_SECRET=please-change-me-in-prod
EXPOSE 8080
