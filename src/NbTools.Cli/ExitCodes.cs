namespace NbTools.Cli;

/// <summary>Exit codes, as diff(1) and git's merge-driver contract use them.</summary>
public static class ExitCodes
{
    /// <summary>Success; no differences; valid.</summary>
    public const int Success = 0;

    /// <summary>Differences, conflicts, or an invalid notebook.</summary>
    public const int Different = 1;

    /// <summary>Usage or input error: nothing was written.</summary>
    public const int InputError = 2;

    /// <summary>Internal error (a bug): please report it.</summary>
    public const int InternalError = 3;

    /// <summary>The table printed in --help and README.</summary>
    public const string Help =
        """
        Exit codes:
          0  success (no differences, notebook valid)
          1  differences, conflicts, or invalid notebook
          2  usage or input error (nothing written)
          3  internal error
        """;
}
