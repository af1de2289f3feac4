# hadolint stage ignore=DL3008,DL3015
FROM debian:12 AS build
RUN apt-get update && apt-get install -y gcc make libc6-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN make release

FROM debian:12-slim
RUN apt-get update && apt-get install -y libcap2-bin && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/out/pingd /usr/local/bin/pingd
RUN setcap cap_net_raw+ep /usr/local/bin/pingd
USER 1000
ENTRYPOINT ["pingd"]
