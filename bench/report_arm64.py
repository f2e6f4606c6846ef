"""Writes the arm64 table of bench/arm64.sh into bench/RESULTS.md, between
the ARM64_BEGIN and ARM64_END markers (bench/report.py keeps that section
when it rewrites the file).

    python3 bench/report_arm64.py build/bench/arm64 bench/RESULTS.md
"""

import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in bench/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import callgrind_rows  # noqa: E402

ARM64_BEGIN = "<!-- arm64: bench/arm64.sh -->"
ARM64_END = "<!-- /arm64 -->"
ROWS = callgrind_rows.BASE_ROWS


def read(path, default=""):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return default


def measure(directory, row, lib, calls):
    base = os.path.join(directory, f"{row}.{lib}")
    status = read(base + ".status", "missing").strip()
    if status != "0":
        if "stack smashing detected" in read(base + ".log"):
            return None, "crashes: stack smashing detected"
        return None, "not run" if status == "missing" else f"failed (status {status})"
    data = callgrind_rows.parse(base + ".out")
    return data, None


def section(out):
    meta = dict(line.split("=", 1) for line in read(os.path.join(out, "meta.txt")).splitlines()
                if "=" in line)
    calls = int(meta.get("calls", "10000"))
    lines = [ARM64_BEGIN, "## arm64: instructions per call (UDP loopback)", "",
             f"- Date: {meta.get('date', '?')}; `make bench-arm64` (bench/arm64.sh), {calls} calls a row",
             f"- Ours: {meta.get('ours', '?')} ({meta.get('git', '?')}); Debian's: {meta.get('ref', '?')}",
             f"- Tools: {meta.get('cc', '?')}; {meta.get('valgrind', '?')}",
             "",
             "| Row | Ours | Debian | Ratio | Notes |",
             "|---|---:|---:|---:|---|"]
    directory = os.path.join(out, "callgrind")
    for row, name in ROWS:
        cells, notes = [], []
        values = []
        for lib, who in (("ours", "ours"), ("ref", "Debian")):
            data, error = measure(directory, row, lib, calls)
            if data is None:
                cells.append(error)
                values.append(None)
                continue
            per_call = data["inclusive"] / calls
            own = data["own"] / calls
            syscalls = data["syscalls"] / data["iterations"] if data["iterations"] else 0
            cells.append(f"{per_call:.1f}")
            values.append(per_call)
            notes.append(f"{who}: own code {own:.0f}, libc {per_call - own:.0f}, {syscalls:.0f} syscall(s)")
        ratio = f"{values[0] / values[1]:.3f}x" if None not in values and values[1] else "N/A"
        lines.append(f"| {name} | {cells[0]} | {cells[1]} | {ratio} | {'; '.join(notes)} |")
    lines += ["",
              "Measured as the amd64 instruction rows are (callgrind's inclusive count of the calls",
              "into libsctp, bench/METHOD.md), with Debian's valgrind:arm64 (unpacked into",
              "build/bench/arm64/valgrind, not installed) running under qemu-aarch64 user mode:",
              "callgrind counts the arm64 guest's instructions, so the emulation costs only time.",
              ARM64_END]
    return "\n".join(lines)


def splice(results, text):
    """RESULTS.md's text with the arm64 section replaced by (or given) text."""
    if ARM64_BEGIN in results and ARM64_END in results:
        head, rest = results.split(ARM64_BEGIN, 1)
        return head + text + rest.split(ARM64_END, 1)[1]
    how = "## How each number is measured"
    if how in results:
        head, rest = results.split(how, 1)
        return head + text + "\n\n" + how + rest
    return results.rstrip("\n") + "\n\n" + text + "\n"


def kept(results):
    """The arm64 section of an existing RESULTS.md, or ""."""
    if ARM64_BEGIN in results and ARM64_END in results:
        return ARM64_BEGIN + results.split(ARM64_BEGIN, 1)[1].split(ARM64_END, 1)[0] + ARM64_END
    return ""


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "build/bench/arm64"
    results_path = sys.argv[2] if len(sys.argv) > 2 else "bench/RESULTS.md"
    text = section(out)
    print(text)
    results = read(results_path)
    with open(results_path, "w") as f:
        f.write(splice(results, text))
    print(f"\n(written to {results_path}; raw data under {out}/)")
