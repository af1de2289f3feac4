FROM opensuse/leap:15.5

RUN zypper -n dup \
 && zypper -n install samba samba-client

COPY smb.conf /etc/samba/smb.conf
RUN (echo "sambapass"; echo "sambapass") | smbpasswd -s -a root

EXPOSE 139 445
CMD ["smbd", "--foreground", "--no-process-group", "--debug-stdout"]
