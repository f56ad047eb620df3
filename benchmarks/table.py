"""Read the benchmark lines (name, value, unit, target) on stdin and print them as one Markdown table."""

import sys

from _common import machine

if __name__ == "__main__":
    rows = [line.rstrip("\n").split("\t") for line in sys.stdin if line.count("\t") == 3]
    print(f"Machine: {machine()}")
    print()
    print("| benchmark | figure | target |")
    print("|---|---|---|")
    for name, value, unit, target in rows:
        print(f"| {name} | {float(value):.2f} {unit} | {target} |")
