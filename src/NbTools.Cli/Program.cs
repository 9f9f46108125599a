using NbTools.Cli;

return NbToolsCli.Run(args, CliConsole.System);
