using Claw.Gateway.Hosting;

return await GatewayHost.RunAsync(args);
