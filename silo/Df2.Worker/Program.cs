using Df2.Worker;

// df2-worker: trains the cells of one device slot of its parent silo (or df2 run) on this process's main thread.
return WorkerLoop.Run(args);
