"""Whole-process time of `contractkit --help` (target: well under 0.5 s) and of validate on the sample."""

import shutil

from _common import contractkit, report, time_process

if __name__ == "__main__":
    report("contractkit --help (python -m, whole process)", time_process(contractkit("--help"), runs=7), "s", "< 0.5 s")
    script = shutil.which("contractkit")
    if script:
        report(
            "contractkit --help (console script, whole process)",
            time_process([script, "--help"], runs=7),
            "s",
            "< 0.5 s",
        )
    report(
        "contractkit validate sample (whole process)",
        time_process(contractkit("validate", "samples/fitout-cn")),
        "s",
        "-",
    )
