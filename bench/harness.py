"""What the benchmark harnesses share: running a child and measuring it, and describing
the machine. Python 3 standard library only.

run_measured() sends output to files, never pipes, so a chatty child cannot block. Linux
charges a child with its parent's peak RSS at the fork, so a child's ru_maxrss is never
below this harness's own peak: rss_floor() measures that floor.
"""
import glob
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TAIL_BYTES = 16_000


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


def sha256_of(path):
    """The file's SHA-256, read in 1 MiB blocks (the data files are hundreds of MB)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def generate_data(rows, seed=None):
    """The bench panel CSV of `rows` rows, made (or found up to date) by generate_data.py
    in a separate process, so that this process stays small: every child's ru_maxrss is
    at least this process's peak. Returns its absolute path."""
    argv = [sys.executable, os.path.join(HERE, "generate_data.py"), "--rows", str(rows)]
    if seed is not None:
        argv += ["--seed", str(seed)]
    gen = subprocess.run(argv, stdout=subprocess.PIPE, text=True)
    if gen.returncode != 0 or not gen.stdout.strip():
        sys.exit(f"generate_data.py failed with exit code {gen.returncode}")
    return os.path.abspath(gen.stdout.strip().splitlines()[-1])


def run_measured(argv, stdout_path, stderr_path, cwd=ROOT):
    """Runs argv; returns (wall seconds, exit code, peak RSS KiB, CPU seconds)."""
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, proc.returncode, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def snapshot_gapfinder(binary, dest):
    """Copies the binary and the plugins beside it (<dir>/plugins/*.so, which gapfinder
    loads from next to itself) into dest; returns the copy's path."""
    os.makedirs(os.path.join(dest, "plugins"))
    copy = os.path.join(dest, "gapfinder")
    shutil.copy2(binary, copy)
    for plugin in glob.glob(os.path.join(os.path.dirname(binary), "plugins", "*.so")):
        shutil.copy2(plugin, os.path.join(dest, "plugins"))
    return copy


def median(values):
    v = sorted(values)
    return (v[(len(v) - 1) // 2] + v[len(v) // 2]) / 2


def tail(path, limit=TAIL_BYTES):
    """The file's text, or its start and end if it is longer than limit."""
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            if size <= limit:
                return f.read().decode("utf-8", errors="replace")
            head = f.read(limit // 2).decode("utf-8", errors="replace")
            f.seek(size - limit // 2)
            end = f.read().decode("utf-8", errors="replace")
            return f"{head}\n... ({size - limit:,} bytes left out) ...\n{end}"
    except OSError:
        return ""


def rss_floor(tmp):
    """ru_maxrss of a child that does nothing (`true`), in KiB: the least any child reports."""
    return run_measured(["true"], os.devnull, os.path.join(tmp, "true.err"))[2]


def filesystem_of(path):
    """Type of the file system holding path, from /proc/mounts (Linux), or None."""
    path = os.path.realpath(path)
    best, fstype = "", None
    try:
        with open("/proc/mounts") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 3:
                    mount = parts[1].replace("\\040", " ")
                    if (path == mount or path.startswith(mount.rstrip("/") + "/")) and len(mount) > len(best):
                        best, fstype = mount, parts[2]
    except OSError:
        pass
    return fstype


def command_output(argv, cwd=ROOT, timeout=60):
    try:
        return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=timeout).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None
