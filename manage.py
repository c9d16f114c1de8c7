#!/usr/bin/env python
"""Django's command-line utility; `ressourcenet` is the same with a few extra commands."""

from ressourcenet.__main__ import main

if __name__ == "__main__":
    main()
