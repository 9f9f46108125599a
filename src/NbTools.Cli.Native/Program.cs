using NbTools.Cli;

return NbToolsCli.RunNative(args, CliConsole.System);
