# Builds both hosts. Silo (default):   docker run … claw-orleans
#                   Gateway only:      docker run --entrypoint dotnet … claw-orleans /app/gateway/Claw.Orleans.Gateway.Api.dll
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Grains.Abstractions/Grains.Abstractions.csproj src/Grains.Abstractions/
COPY src/Grains/Grains.csproj src/Grains/
COPY src/Gateway.Api/Gateway.Api.csproj src/Gateway.Api/
COPY src/Silo/Silo.csproj src/Silo/
RUN dotnet restore src/Silo/Silo.csproj && dotnet restore src/Gateway.Api/Gateway.Api.csproj
COPY src/ src/
RUN dotnet publish src/Silo/Silo.csproj -c Release --no-restore -o /app/silo \
 && dotnet publish src/Gateway.Api/Gateway.Api.csproj -c Release --no-restore -o /app/gateway

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app /app
RUN mkdir -p /data && chown app:app /data
USER app
ENV Urls=http://0.0.0.0:8000 \
    Claw__DataDirectory=/data
VOLUME /data
EXPOSE 8000 11111 30000
ENTRYPOINT ["dotnet", "/app/silo/Claw.Orleans.Silo.dll"]
