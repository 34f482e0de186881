"""`python -m sam_tui`: the same as the `sam` command."""

from sam_tui.cli.entry import main

if __name__ == "__main__":
    main()
