# escape=`
FROM mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022

SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue';"]

RUN Install-WindowsFeature NET-Framework-45-ASPNET ; `
    Install-WindowsFeature Web-Asp-Net45

RUN Remove-Item -Recurse C:\inetpub\wwwroot\* ; `
    New-Item -Path C:\logs -ItemType Directory

WORKDIR C:\inetpub\wwwroot
COPY site/ .

EXPOSE 80
HEALTHCHECK --interval=30s CMD powershell -command `
    try { `
      $r = Invoke-WebRequest http://localhost/health -UseBasicParsing; `
      if ($r.StatusCode -eq 200) { exit 0 } else { exit 1 } `
    } catch { exit 1 }
