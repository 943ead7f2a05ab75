using Claw.Silo;

return await ClawHost.RunAsync(args);
