using NbTools.GitDriver;

return GitDriverCli.Run(args, Console.OpenStandardOutput(), Console.Error);
