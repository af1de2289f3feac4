# syntax=docker/dockerfile:1
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:8.0.303 AS build
ARG TARGETARCH
WORKDIR /source
COPY Catalog.Api/*.csproj Catalog.Api/
RUN dotnet restore Catalog.Api/Catalog.Api.csproj -a $TARGETARCH
COPY . .
RUN dotnet publish Catalog.Api/Catalog.Api.csproj -a $TARGETARCH --no-restore -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:8.0.7-jammy-chiseled
WORKDIR /app
COPY --from=build /app .
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["./Catalog.Api"]
