"""What the benchmark scripts share: running parley as a whole process and reporting against targets."""
import glob
import os
import pty
import select
import statistics
import tempfile
import time


def environment(home, **extra):
    """A private home for parley, plus `extra` variables."""
    env = {
        "HOME": home, "XDG_CONFIG_HOME": home + "/config", "XDG_STATE_HOME": home + "/state",
        "XDG_DATA_HOME": home + "/data", "PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "NO_COLOR": "1",
    }
    env.update(extra)
    return env


# A child's peak memory as wait4 reports it includes its parent's at the fork (the kernel keeps the larger
# across exec), which put the Python harness's 10 MiB under every figure. So each case runs twice: once
# straight from here for the time, once under GNU time, a 1 MiB process, for the peak memory.
GNU_TIME = "/usr/bin/time"


def as_read_from_disk(binary):
    """Drops the binary and parley's own libraries beside it from the page cache, so each case maps them as a
    file read back from disk. A file just written (a fresh link or copy) is held in large folios, which the
    kernel maps whole around each page fault: measured here, `parley --version` then peaked 1 MiB higher."""
    directory = os.path.dirname(os.path.realpath(binary))
    for path in [binary] + glob.glob(os.path.join(directory, "..", "lib", "parley", "*")):
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
            os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(descriptor)


def _under_time(argv, peak_file):
    if not os.path.exists(GNU_TIME):
        raise SystemExit(f"{GNU_TIME} is needed for peak memory: apt-get install time")
    return [GNU_TIME, "-f", "%M", "-o", peak_file] + argv


def _read_peak(peak_file):
    with open(peak_file) as report:
        return int(report.read().split()[-1]) / 1024


def _piped(argv, stdin, env):
    """Runs `argv` with `stdin` piped in and its output discarded; returns (seconds, exit status)."""
    read_end, write_end = os.pipe()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.close(write_end)
        os.dup2(read_end, 0)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execve(argv[0], argv, env)
    os.close(read_end)
    view = memoryview(stdin)
    while view:
        view = view[os.write(write_end, view):]
    os.close(write_end)
    _, status, _ = os.wait4(pid, 0)
    return time.perf_counter() - start, os.waitstatus_to_exitcode(status)


def run_once(binary, arguments, stdin, env):
    """Runs parley with `stdin` piped in; returns (seconds, peak MiB)."""
    with tempfile.NamedTemporaryFile(prefix="parley-peak-") as peak:
        elapsed, status = _piped([binary] + arguments, stdin, env)
        _, measured = _piped(_under_time([binary] + arguments, peak.name), stdin, env)
        if status != 0 or measured != 0:
            raise SystemExit(f"{binary} {' '.join(arguments)} exited with {status or measured}")
        return elapsed, _read_peak(peak.name)


def _prompt_once(argv, env):
    """Starts `argv` on a pseudo-terminal, waits for the prompt and ends it with Ctrl-D; returns the seconds
    until the prompt showed."""
    start = time.perf_counter()
    pid, master = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, env)
    seen = b""
    while "› ".encode() not in seen:
        ready, _, _ = select.select([master], [], [], 10)
        if not ready:
            raise SystemExit(f"no prompt within 10 s; output: {seen!r}")
        seen += os.read(master, 4096)
    elapsed = time.perf_counter() - start
    os.write(master, b"\x04")
    os.wait4(pid, 0)
    os.close(master)
    return elapsed


def time_to_prompt(binary, arguments, env):
    """Starts parley on a pseudo-terminal; returns (seconds until the prompt shows, peak MiB)."""
    with tempfile.NamedTemporaryFile(prefix="parley-peak-") as peak:
        elapsed = _prompt_once([binary] + arguments, env)
        _prompt_once(_under_time([binary] + arguments, peak.name), env)
        return elapsed, _read_peak(peak.name)


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
