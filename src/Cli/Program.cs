using Claw.Cli;

return await ClawCli.RunAsync(args, Console.Out, Console.Error);
