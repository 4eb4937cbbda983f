# Runs a command on a pseudo-terminal and plays a script against it, for tests of what a user at
# a terminal sees (Ctrl-C, prompts). argv[1]: JSON [["expect", TEXT] | ["send", TEXT], ...];
# argv[2:]: the command. Prints the whole transcript; exits 1 if an expected text never came.
import json, os, pty, select, sys, time

def main():
    script = json.loads(sys.argv[1])
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(sys.argv[2], sys.argv[2:])
    seen = b''
    start = 0  # each expect looks after the end of the previous match
    ok = True
    for kind, text in script:
        if kind == 'send':
            os.write(fd, text.encode())
            continue
        want = text.encode()
        deadline = time.time() + 60
        while want not in seen[start:]:
            left = deadline - time.time()
            if left <= 0:
                ok = False
                break
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b''
            if not data:
                ok = False
                break
            seen += data
        if not ok:
            sys.stdout.write('expected %r\n' % text)
            break
        start = seen.index(want, start) + len(want)
    try:
        os.kill(pid, 9) if not ok else None
        while True:
            ready, _, _ = select.select([fd], [], [], 30)
            if not ready:
                break
            data = os.read(fd, 65536)
            if not data:
                break
            seen += data
    except OSError:
        pass
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(seen.decode(errors='replace'))
    sys.exit(0 if ok and os.WIFEXITED(status) else 1)

main()
