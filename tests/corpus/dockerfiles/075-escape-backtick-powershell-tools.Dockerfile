# escape=`
FROM mcr.microsoft.com/powershell:7.4-windowsservercore-ltsc2022

SHELL ["pwsh", "-NoLogo", "-NoProfile", "-Command"]

ENV CHOCO_VERSION=2.3.0
RUN Set-ExecutionPolicy Bypass -Scope Process -Force; `
    iex ((New-Object System.Net.WebClient).DownloadString('https://community.chocolatey.org/install.ps1'))

RUN choco install -y git nodejs-lts python3 ; `
    Remove-Item -Recurse -Force C:\ProgramData\chocolatey\lib-bad -ErrorAction SilentlyContinue

WORKDIR C:\build
ENTRYPOINT ["pwsh", "-NoLogo", "-Command"]
