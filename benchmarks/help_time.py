"""Whole-process time of `contractkit --help` (target: well under 0.5 s)."""

from _common import contractkit, report, time_process

if __name__ == "__main__":
    report("contractkit --help (whole process)", time_process(contractkit("--help"), runs=7), "s", "< 0.5 s")
    report(
        "contractkit validate sample (whole process)",
        time_process(contractkit("validate", "samples/fitout-cn")),
        "s",
        "-",
    )
