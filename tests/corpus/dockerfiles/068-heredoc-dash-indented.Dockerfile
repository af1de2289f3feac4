# syntax=docker/dockerfile:1.4
FROM ubuntu:22.04 AS tools

RUN <<-EOF
	set -eu
	apt-get update
	apt-get install -y --no-install-recommends curl ca-certificates
	curl -fsSLo /usr/local/bin/kubectl https://dl.k8s.io/release/v1.30.2/bin/linux/amd64/kubectl
	chmod +x /usr/local/bin/kubectl
	rm -rf /var/lib/apt/lists/*
	EOF
ENTRYPOINT ["kubectl"]
