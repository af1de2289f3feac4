FROM python:3.12.4-slim-bookworm

# uid/gid must match the LDAP account that owns /mnt/research on the cluster
RUN groupadd --gid 884213 research \
 && useradd --uid 884213 --gid 884213 --create-home research

COPY --chown=884213:884213 pipeline/ /home/research/pipeline/
RUN pip install --no-cache-dir -r /home/research/pipeline/requirements.txt
USER 884213
WORKDIR /home/research/pipeline
CMD ["python", "run.py"]
