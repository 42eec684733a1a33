"""What the benchmark scripts share: running parley as a whole process and reporting against targets."""
import os
import pty
import select
import statistics
import time


def environment(home, **extra):
    """A private home for parley, plus `extra` variables."""
    env = {
        "HOME": home, "XDG_CONFIG_HOME": home + "/config", "XDG_STATE_HOME": home + "/state",
        "XDG_DATA_HOME": home + "/data", "PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "NO_COLOR": "1",
    }
    env.update(extra)
    return env


def run_once(binary, arguments, stdin, env):
    """Runs parley with `stdin` piped in; returns (seconds, peak MiB)."""
    read_end, write_end = os.pipe()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.close(write_end)
        os.dup2(read_end, 0)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execve(binary, [binary] + arguments, env)
    os.close(read_end)
    view = memoryview(stdin)
    while view:
        view = view[os.write(write_end, view):]
    os.close(write_end)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{binary} {' '.join(arguments)} exited with {os.waitstatus_to_exitcode(status)}")
    return elapsed, usage.ru_maxrss / 1024


def time_to_prompt(binary, arguments, env):
    """Starts parley on a pseudo-terminal; returns (seconds until the prompt shows, peak MiB)."""
    start = time.perf_counter()
    pid, master = pty.fork()
    if pid == 0:
        os.execve(binary, [binary] + arguments, env)
    seen = b""
    while "› ".encode() not in seen:
        ready, _, _ = select.select([master], [], [], 10)
        if not ready:
            raise SystemExit(f"no prompt within 10 s; output: {seen!r}")
        seen += os.read(master, 4096)
    elapsed = time.perf_counter() - start
    os.write(master, b"\x04")
    _, _, usage = os.wait4(pid, 0)
    os.close(master)
    return elapsed, usage.ru_maxrss / 1024


def time_command(binary, arguments, env, command, marker, runs):
    """Starts parley on a pseudo-terminal and times `command` `runs` times, each from the Enter key to the next
    prompt after output containing `marker`; returns the seconds of each run."""
    pid, master = pty.fork()
    if pid == 0:
        os.execve(binary, [binary] + arguments, env)
    prompt = "› ".encode()

    def read_until(done):
        seen = b""
        while not done(seen):
            ready, _, _ = select.select([master], [], [], 10)
            if not ready:
                raise SystemExit(f"parley went quiet; output: {seen[-500:]!r}")
            seen += os.read(master, 65536)
        return seen

    read_until(lambda seen: prompt in seen)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        os.write(master, command.encode() + b"\r")
        read_until(lambda seen: marker.encode() in seen and seen.rstrip().endswith(prompt.rstrip()))
        times.append(time.perf_counter() - start)
    os.write(master, b"\x04")
    os.wait4(pid, 0)
    os.close(master)
    return times


def header():
    print(f"{'case':46} {'median':>10} {'worst':>10} {'peak MiB':>9}   target")


def report(name, results, target_ms=None, target_mib=None):
    """Prints one row: median and worst time, median peak memory, and the targets met or missed."""
    times = [seconds for seconds, _ in results]
    median_ms = statistics.median(times) * 1000
    peak = statistics.median(mib for _, mib in results)
    target = []
    if target_ms is not None:
        target.append(f"≤ {target_ms} ms ({'met' if median_ms <= target_ms else 'missed'})")
    if target_mib is not None:
        target.append(f"≤ {target_mib} MiB ({'met' if peak <= target_mib else 'missed'})")
    print(f"{name:46} {median_ms:8.1f}ms {max(times) * 1000:8.1f}ms {peak:9.1f}   {', '.join(target) or '—'}",
          flush=True)
