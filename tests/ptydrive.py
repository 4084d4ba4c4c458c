#!/usr/bin/env python3
# ptydrive.py - drive a program through a pseudo-terminal, as a student at
# a keyboard would, and check what the terminal shows.
#
# Usage: ptydrive.py SCRIPT -- COMMAND [ARG...]
#
# SCRIPT holds one directive a line ('#' starts a comment line):
#   setenv NAME VALUE     for the sessions started after it
#   require readline      skip (exit 77) unless MPY_HAVE_READLINE=1
#   start                 run COMMAND on a new 80x24 pseudo-terminal
#   send TEXT             type TEXT (escapes: \n \r \t \e \\ \xHH)
#   sendline TEXT         TEXT, then Enter
#   ctrl X                the control character ^X
#   expect [MS] TEXT      wait until TEXT shows up in what the terminal
#                         received since the last match (escape sequences
#                         and carriage returns removed); MS defaults to
#                         10000, generous for the sanitizer builds; the
#                         time it took is logged
#   sleep MS
#   no_sgr / has_sgr      the session so far held no / some colour escape
#   wait_exit [MS] [STATUS|any]
#                         the program ends (status 0 by default)
# On failure it prints the directive, its line and the end of the output,
# and exits 1; the program is always killed and reaped at the end.
import os
import pty
import re
import select
import signal
import sys
import time

ESCAPES = re.compile(rb'\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07]*\x07|[()][0-9A-Za-z]|[=>])')
SGR = re.compile(rb'\x1b\[[0-9;]*m')


def unescape(text):
    out = bytearray()
    i = 0
    raw = text.encode()
    simple = {ord('n'): b'\n', ord('r'): b'\r', ord('t'): b'\t',
              ord('e'): b'\x1b', ord('\\'): b'\\'}
    while i < len(raw):
        c = raw[i]
        if c == ord('\\') and i + 1 < len(raw):
            n = raw[i + 1]
            if n in simple:
                out += simple[n]
                i += 2
                continue
            if n == ord('x'):
                out.append(int(raw[i + 2:i + 4], 16))
                i += 4
                continue
        out.append(c)
        i += 1
    return bytes(out)


class Session:
    def __init__(self, command, env):
        pid, fd = pty.fork()
        if pid == 0:
            os.environ.update(env)
            try:
                os.execvp(command[0], command)
            finally:
                os._exit(127)
        import fcntl
        import struct
        import termios
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
        self.pid, self.fd = pid, fd
        self.raw = b''      # everything received
        self.seen = 0       # where the next expect starts (in the text)
        self.status = None

    def text(self):
        return ESCAPES.sub(b'', self.raw).replace(b'\r', b'')

    def pump(self, seconds):
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            r, _, _ = select.select([self.fd], [], [], left)
            if not r:
                return
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                data = b''
            if not data:
                time.sleep(min(left, 0.01))
                self.reap(block=False)
                if self.status is not None:
                    return
                continue
            self.raw += data

    def reap(self, block):
        if self.status is not None:
            return
        pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
        if pid:
            self.status = os.waitstatus_to_exitcode(status)

    def close(self):
        if self.status is None:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except OSError:
                try:
                    os.kill(self.pid, signal.SIGKILL)
                except OSError:
                    pass
            self.reap(block=True)
        os.close(self.fd)


def fail(lineno, directive, message, session):
    print(f'FAIL at line {lineno}: {directive}')
    print(f'  {message}')
    if session:
        tail = session.raw[-1500:].decode(errors='replace')
        print('  the terminal showed, last 1500 bytes:')
        print('  ' + repr(tail))
        session.close()
    sys.exit(1)


def main():
    if '--' not in sys.argv or sys.argv.index('--') != 2:
        print('usage: ptydrive.py SCRIPT -- COMMAND [ARG...]', file=sys.stderr)
        sys.exit(99)
    script, command = sys.argv[1], sys.argv[3:]
    env = {}
    session = None
    with open(script) as f:
        lines = f.read().splitlines()
    for lineno, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped or stripped.startswith('#'):
            continue
        word, _, rest = stripped.partition(' ')
        if word == 'setenv':
            name, _, value = rest.partition(' ')
            env[name] = value
        elif word == 'require':
            if rest == 'readline' and os.environ.get('MPY_HAVE_READLINE') != '1':
                print('skipped: mpy was built without Readline')
                sys.exit(77)
        elif word == 'start':
            if session:
                session.close()
            session = Session(command, env)
        elif session is None:
            fail(lineno, stripped, 'no session: "start" first', None)
        elif word in ('send', 'sendline'):
            data = unescape(line.split(' ', 1)[1] if ' ' in line.strip() else '')
            if word == 'sendline':
                data += b'\r'
            os.write(session.fd, data)
        elif word == 'ctrl':
            os.write(session.fd, bytes([ord(rest.upper()) & 0x1f]))
        elif word == 'expect':
            ms = 10000
            first, _, tail = rest.partition(' ')
            if first.isdigit() and tail:
                ms, rest = int(first), tail
            want = unescape(rest)
            start = time.monotonic()
            while True:
                text = session.text()
                at = text.find(want, session.seen)
                if at >= 0:
                    session.seen = at + len(want)
                    took = (time.monotonic() - start) * 1000
                    print(f'line {lineno}: expect {rest!r} after {took:.0f} ms')
                    break
                if time.monotonic() - start > ms / 1000:
                    fail(lineno, stripped, f'not seen within {ms} ms', session)
                if session.status is not None:
                    session.pump(0.05)
                    if want not in session.text()[session.seen:]:
                        fail(lineno, stripped, 'the program ended first', session)
                session.pump(0.02)
        elif word == 'sleep':
            session.pump(int(rest) / 1000)
        elif word in ('no_sgr', 'has_sgr'):
            session.pump(0.1)
            found = SGR.search(session.raw) is not None
            if found != (word == 'has_sgr'):
                fail(lineno, stripped, 'colour escapes ' +
                     ('missing' if word == 'has_sgr' else 'found'), session)
        elif word == 'wait_exit':
            args = rest.split()
            ms = int(args[0]) if args else 10000
            want = args[1] if len(args) > 1 else '0'
            end = time.monotonic() + ms / 1000
            while session.status is None and time.monotonic() < end:
                session.pump(0.05)
                session.reap(block=False)
            if session.status is None:
                fail(lineno, stripped, f'still running after {ms} ms', session)
            if want != 'any' and session.status != int(want):
                fail(lineno, stripped, f'exit status {session.status}', session)
            print(f'line {lineno}: exited with status {session.status}')
        else:
            fail(lineno, stripped, 'unknown directive', session)
    if session:
        session.close()
    sys.exit(0)


if __name__ == '__main__':
    main()
