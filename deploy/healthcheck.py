"""Exit 0 if the app's /healthz/ answers 200 (the database and storage work), 1 otherwise.

For container and monitoring health checks: `python deploy/healthcheck.py [URL]`. It sends the
first of ALLOWED_HOSTS as Host, since Django refuses any other name.
"""

import os
import sys
import urllib.error
import urllib.request


def main(url: str) -> int:
    host = (os.environ.get("ALLOWED_HOSTS") or "localhost").split(",")[0].strip().lstrip(".") or "localhost"
    request = urllib.request.Request(url, headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            body = response.read().decode(errors="replace")
            status = response.status
    except urllib.error.HTTPError as error:
        body, status = error.read().decode(errors="replace"), error.code
    except OSError as error:
        print(f"unreachable: {error}", file=sys.stderr)
        return 1
    print(status, body)
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000/healthz/"))
