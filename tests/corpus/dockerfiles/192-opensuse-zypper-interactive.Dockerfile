FROM opensuse/leap:15.6

RUN zypper addrepo https://download.opensuse.org/repositories/devel:languages:python/15.6/devel:languages:python.repo \
 && zypper --gpg-auto-import-keys refresh \
 && zypper install python311 python311-pip

COPY . /opt/inventory
RUN python3.11 -m pip install --no-cache-dir -r /opt/inventory/requirements.txt
CMD ["python3.11", "/opt/inventory/main.py"]
