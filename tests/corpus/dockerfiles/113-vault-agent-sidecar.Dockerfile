FROM hashicorp/vault:1.17.2

COPY --chown=vault:vault agent.hcl /vault/config/agent.hcl
COPY --chown=vault:vault templates/ /vault/templates/
ENV VAULT_ADDR=https://vault.internal.example.com:8200 \
    VAULT_TOKEN=hvs.FAKEFAKEFAKEFAKEFAKEFAKE
USER vault
ENTRYPOINT ["vault"]
CMD ["agent", "-config=/vault/config/agent.hcl"]
