namespace NbTools.Tracking;

/// <summary>A tracking call was refused (an invalid key or value, an unreadable store): the message says what and where.</summary>
public sealed class TrackingException(string message) : Exception(message);
