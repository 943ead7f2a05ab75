# Claw.Orleans: one image, both hosts. See docs/deployment.md, section 5.
#   docker build -t claw-orleans .
#   silo (default):   docker run --stop-timeout 60 … claw-orleans [switches, e.g. --silo-port 11112]
#   schema only:      docker run --rm … claw-orleans migrate
#   gateway only:     docker run … --entrypoint dotnet claw-orleans /app/gateway/Claw.Orleans.Gateway.Api.dll [switches]

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore from the files that decide package versions (central package management) and the project files only,
# so this layer stays cached until one of them changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Grains.Abstractions/Grains.Abstractions.csproj src/Grains.Abstractions/
COPY src/Grains/Grains.csproj src/Grains/
COPY src/Gateway.Api/Gateway.Api.csproj src/Gateway.Api/
COPY src/Silo/Silo.csproj src/Silo/
RUN dotnet restore src/Silo/Silo.csproj \
 && dotnet restore src/Gateway.Api/Gateway.Api.csproj
COPY src/ src/
RUN dotnet publish src/Silo/Silo.csproj -c Release --no-restore -o /app/silo \
 && dotnet publish src/Gateway.Api/Gateway.Api.csproj -c Release --no-restore -o /app/gateway

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# /data holds claw.db in embedded (SQLite) mode; owned by the image's non-root user "app" (uid $APP_UID, 1654).
RUN mkdir -p /data && chown app:app /data
# Urls without the ASPNETCORE_ prefix: the silo's appsettings.json sets Urls and outranks ASPNETCORE_URLS.
# Claw__DataDirectory is --data /data, also for `migrate` and whatever switches are passed.
# DOTNET_SHUTDOWNTIMEOUTSECONDS gives a graceful stop time to hand grains over; run with --stop-timeout 60.
ENV Urls=http://0.0.0.0:8000 \
    Claw__DataDirectory=/data \
    DOTNET_SHUTDOWNTIMEOUTSECONDS=50
VOLUME /data
# HTTP (API, dashboard, metrics, health), silo-to-silo, Orleans gateway (clients).
EXPOSE 8000 11111 30000
USER $APP_UID
ENTRYPOINT ["dotnet", "/app/silo/Claw.Orleans.Silo.dll"]
