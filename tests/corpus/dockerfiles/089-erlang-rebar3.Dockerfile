FROM erlang:27.0-alpine AS build
RUN apk add --no-cache git
WORKDIR /src
COPY rebar.config rebar.lock ./
RUN rebar3 compile
COPY . .
RUN rebar3 as prod release

FROM alpine:3.20
RUN apk add --no-cache openssl ncurses-libs libstdc++
COPY --from=build /src/_build/prod/rel/mqtt_bridge /opt/mqtt_bridge
EXPOSE 1883 8883
CMD ["/opt/mqtt_bridge/bin/mqtt_bridge", "foreground"]
