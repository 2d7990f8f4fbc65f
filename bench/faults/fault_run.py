#!/usr/bin/env python3
"""One fault run of the Orleans cluster with real df2-silo processes over Azurite (127.0.0.1:10000-10002).

usage: fault_run.py SCENARIO SEED     SCENARIO: kill-running | kill-sweep-host | sigterm | whole-cluster

Two silos (2 "spin" slots each: documented trivial cells that sleep, checkpoint every epoch, never train) run 10
cells x 8 epochs x 200 ms. After a seeded delay a silo is stopped (kill -9 of one running a cell past its epoch-2
checkpoint, kill -9 of the one hosting the sweep grain, SIGTERM, or kill -9 of both followed by two fresh silos).
Printed: cells lost, duplicate completions, cells resumed from a checkpoint, seconds from the stop until every
cell that was running there is running again (attempt > 1) or done. Build Release first.
Env: DF2_AZURITE, an Azurite connection string (default UseDevelopmentStorage=true, ports 10000-10002);
DF2_FAULT_LOGS, a folder that receives each silo's output (silo-N.log).
"""
import json, os, random, signal, socket, subprocess, sys, time, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SILO = os.path.join(ROOT, "silo/Df2.Silo/bin/Release/net10.0/df2-silo.dll")
CLI = os.path.join(ROOT, "client/Df2.Client/bin/Release/net10.0/df2.dll")
ENV = dict(os.environ, DF2_STORAGE=os.environ.get("DF2_AZURITE") or "UseDevelopmentStorage=true", DOTNET_gcServer="0")
LOGS = os.environ.get("DF2_FAULT_LOGS")
started = 0


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def get(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read().decode().replace("NaN", "null"))


def start(cluster):
    global started
    started += 1
    out = open(os.path.join(LOGS, f"silo-{started}.log"), "w") if LOGS else subprocess.DEVNULL
    silo, gw, http = free_port(), free_port(), free_port()
    p = subprocess.Popen(["dotnet", SILO, "--silo-port", str(silo), "--gateway-port", str(gw), "--http-port", str(http),
                          "--devices", "cpu:2", "--executor", "spin", "--cluster-id", cluster],
                         env=ENV, stdout=out, stderr=subprocess.STDOUT)
    until = time.time() + 120
    while time.time() < until:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{http}/readyz", timeout=5); return p, silo, http
        except Exception:
            time.sleep(0.3)
    raise SystemExit("silo not ready")


def main(scenario, seed):
    rng = random.Random(seed)
    cluster = f"fault-{scenario}-{seed}-{rng.randrange(1 << 30)}"
    silos = [start(cluster), start(cluster)]
    spec = f"/tmp/{cluster}.yaml"
    open(spec, "w").write(f"name: {cluster}\nseeds: [{', '.join(map(str, range(10)))}]\n"
                          "defaults: { epochs: 8, spin_ms: 200 }\ntasks: [spin-task]\nmethods: [spin]\n")
    out = subprocess.run(["dotnet", CLI, "submit", spec, "--executor", "spin", "--cluster-id", cluster],
                         env=ENV, capture_output=True, text=True).stdout
    sweep = out.split()[2]
    time.sleep(rng.uniform(0.5, 2.0))
    url = lambda s: f"http://127.0.0.1:{s[2]}/api/sweeps/{sweep}/cells"
    while True:
        cells = get(url(silos[0]))
        running = [c for c in cells if c["state"] == "running" and (c.get("checkpoint") or {}).get("epoch", 0) >= 2]
        if running: break
        time.sleep(0.1)
    victim = next(s for s in silos if f":{s[1]}@" in running[0]["silo"])
    if scenario == "kill-sweep-host":
        host = next(x for x in get(f"http://127.0.0.1:{silos[0][2]}/api/sweeps") if x["sweepId"] == sweep)["silo"]
        victim = next(s for s in silos if f":{s[1]}@" in host)
    survivor = next(s for s in silos if s is not victim)
    on_victim = {c["key"] for c in cells if c["state"] == "running" and (scenario == "whole-cluster" or f":{victim[1]}@" in c["silo"])}
    t0 = time.time()
    if scenario == "sigterm":
        victim[0].send_signal(signal.SIGTERM); victim[0].wait(90)
    else:
        victim[0].kill(); victim[0].wait()
    if scenario == "whole-cluster":
        survivor[0].kill(); survivor[0].wait()
        silos += [start(cluster), start(cluster)]
        survivor = silos[-1]
    back = None
    while time.time() - t0 < 300:
        try:
            cells = get(url(survivor))
        except Exception:
            time.sleep(0.2); continue
        if back is None and all(c["finished"] or (c["state"] == "running" and c["attempt"] > 1) for c in cells if c["key"] in on_victim):
            back = time.time() - t0
        if all(c["finished"] for c in cells):
            break
        time.sleep(0.2)
    lost = sum(1 for c in cells if c["state"] != "done")
    dup = sum(c["duplicateCompletions"] + max(0, c["completions"] - 1) for c in cells)
    resumed = sum(1 for c in cells if ((c.get("result") or {}).get("extra") or {}).get("resumed_from_epoch", 0) > 0)
    print(f"{scenario} seed={seed}: cells={len(cells)} running-on-stopped={len(on_victim)} lost={lost} duplicates={dup} "
          f"resumed-from-checkpoint={resumed} seconds-to-running-again={back if back is None else round(back, 1)} "
          f"seconds-to-finished={round(time.time() - t0, 1)}", flush=True)
    for s in silos:
        if s[0].poll() is None: s[0].kill(); s[0].wait()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
