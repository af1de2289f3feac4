# syntax=docker/dockerfile:1
FROM mcr.microsoft.com/dotnet/sdk:8.0.303-alpine3.20 AS build
WORKDIR /src
COPY ["Billing.Worker/Billing.Worker.csproj", "Billing.Worker/"]
COPY ["Billing.Core/Billing.Core.csproj", "Billing.Core/"]
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet restore "Billing.Worker/Billing.Worker.csproj" -r linux-musl-x64
COPY . .
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish "Billing.Worker/Billing.Worker.csproj" -c Release -r linux-musl-x64 --self-contained false --no-restore -o /app

FROM mcr.microsoft.com/dotnet/runtime:8.0.7-alpine3.20
WORKDIR /app
COPY --from=build /app ./
USER 1654
ENTRYPOINT ["dotnet", "Billing.Worker.dll"]
