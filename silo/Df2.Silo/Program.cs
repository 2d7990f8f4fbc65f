using Df2.Silo.Host;

// df2-silo: the silo host. Roles: "api" (HTTP API + dashboard + lease expiry; the only writer to the store)
// and "worker" (leases cells over HTTP and runs them; holds no database credentials).
try
{
    var role = args.Length > 0 ? args[0] : "";
    return role switch
    {
        "api" => await ApiRole.RunAsync(new SiloArgs(args, ApiRole.Options)),
        "worker" => await WorkerRole.RunAsync(new SiloArgs(args, WorkerRole.Options)),
        _ => throw new ArgumentException($"unknown role '{role}': usage df2-silo api|worker [--option value]..."),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"df2-silo: {e.Message}");
    return 2;
}
