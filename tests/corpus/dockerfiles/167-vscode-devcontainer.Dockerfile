FROM mcr.microsoft.com/devcontainers/base:ubuntu-22.04

RUN apt update && apt install -y --no-install-recommends golang-go postgresql-client \
    && rm -rf /var/lib/apt/lists/*

USER vscode
RUN sudo mkdir -p /workspaces/tools && sudo chown vscode /workspaces/tools
RUN go install github.com/go-delve/delve/cmd/dlv \
    && go install golang.org/x/tools/gopls@v0.16.1
USER root
