#define _GNU_SOURCE
#include "CSystemShims.h"
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include <wchar.h>
#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef __GLIBC__ /* defined by the headers above */
#include <malloc.h>
#endif
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>

static locale_t utf8_locale(void) {
    static locale_t loc = (locale_t)0;
    if (loc == (locale_t)0) {
        loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    }
    return loc;
}

int sinoai_wcwidth(uint32_t scalar) {
    locale_t loc = utf8_locale();
    if (loc == (locale_t)0) return -1;
    locale_t old = uselocale(loc);
    int w = wcwidth((wchar_t)scalar);
    uselocale(old);
    return w;
}

int sinoai_setup_utf8_locale(void) {
    setlocale(LC_ALL, "");
    const char *cs = nl_langinfo(CODESET);
    if (cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0)) return 1;
    if (setlocale(LC_CTYPE, "C.UTF-8") != NULL) return 1;
    return 0;
}

int sinoai_signalfd(const int *signals, int count) {
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < count; i++) sigaddset(&set, signals[i]);
    if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0) return -1;
    return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

int sinoai_read_signal(int fd) {
    struct signalfd_siginfo info;
    ssize_t n = read(fd, &info, sizeof info);
    if (n != (ssize_t)sizeof info) return -1;
    return (int)info.ssi_signo;
}

void sinoai_reset_signals(void) {
    sigset_t set;
    sigemptyset(&set);
    pthread_sigmask(SIG_SETMASK, &set, NULL);
    for (int s = 1; s < NSIG; s++) signal(s, SIG_DFL);
}

static const uint32_t snapshot_dir_mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE
    | IN_MODIFY | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF;

int sinoai_inotify_watch_dir(const char *path, const char *parent, int *dir_watch) {
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) return -1;
    *dir_watch = inotify_add_watch(fd, path, snapshot_dir_mask);
    if (*dir_watch < 0) { close(fd); return -1; }
    /* The parent too: a job may replace the whole folder (or a symlink to it) by rename. */
    inotify_add_watch(fd, parent, IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE);
    return fd;
}

int sinoai_inotify_drain(int fd, const char *path, const char *name, int *dir_watch) {
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    int events = 0, replaced = 0;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0) break;
        for (char *p = buf; p < buf + n;) {
            struct inotify_event *ev = (struct inotify_event *)p;
            /* Events were lost: count a change, and check the watch still follows the path. */
            if (ev->mask & IN_Q_OVERFLOW) replaced = 1;
            else if (ev->wd == *dir_watch) {
                if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) replaced = 1;
                /* Temporary files of atomic writers (".name.tmp-…") are not changes yet. */
                else if (!(ev->len > 0 && ev->name[0] == '.')) events++;
            } else if (ev->len > 0 && strcmp(ev->name, name) == 0) {
                replaced = 1;
            }
            p += sizeof(struct inotify_event) + ev->len;
        }
    }
    if (replaced) {
        /* Follow the path to whatever folder now has the name (none yet: the parent's
           next event for the name tries again). */
        if (*dir_watch >= 0) inotify_rm_watch(fd, *dir_watch);
        *dir_watch = inotify_add_watch(fd, path, snapshot_dir_mask);
        events++;
    }
    return events;
}

int sinoai_pipe(int fds[2]) { return pipe2(fds, O_NONBLOCK | O_CLOEXEC); }

int sinoai_winsize(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return 0;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 1;
}

long sinoai_peak_rss_kb(void) {
    /* VmHWM first: it belongs to this program's memory map. getrusage's ru_maxrss survives
       execve, so a benchmark child spawned by a parent that once grew large would report
       the parent's peak. */
    FILE *status = fopen("/proc/self/status", "r");
    if (status) {
        char line[256];
        long kb = -1;
        while (fgets(line, sizeof line, status)) {
            if (strncmp(line, "VmHWM:", 6) == 0) { kb = strtol(line + 6, NULL, 10); break; }
        }
        fclose(status);
        if (kb >= 0) return kb;
    }
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0) return -1;
    return ru.ru_maxrss;
}

void sinoai_return_free_memory(void) {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

/* ---- sinoai serve: child processes on pseudo-terminals ---- */

/* Everything between fork and execve runs in a copy of a multi-threaded process:
   only async-signal-safe calls (raw syscalls, sigaction, sigprocmask, close, chdir, write). */
static void child_reset_signals(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    for (int s = 1; s < NSIG; s++) (void)sigaction(s, &sa, NULL);
    sigset_t none;
    sigemptyset(&none);
    (void)sigprocmask(SIG_SETMASK, &none, NULL);
}

static void child_close_from(int first, int limit) {
#ifdef SYS_close_range
    if (syscall(SYS_close_range, (unsigned)first, ~0U, 0) == 0) return;
#endif
    for (int fd = first; fd < limit; fd++) (void)close(fd);
}

static void child_write_str(const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    (void)!write(2, s, n);
}

pid_t sinoai_spawn_pty(const char *path, char *const argv[], char *const envp[], int rows, int cols, int *master_fd) {
    struct winsize ws;
    memset(&ws, 0, sizeof ws);
    ws.ws_row = (unsigned short)(rows > 0 ? rows : 24);
    ws.ws_col = (unsigned short)(cols > 0 ? cols : 80);
    /* Computed before fork: sysconf is not on the async-signal-safe list. */
    long open_max = sysconf(_SC_OPEN_MAX);
    int limit = (open_max > 0 && open_max < 65536) ? (int)open_max : 65536;
    int master = -1;
    pid_t parent = getpid();
    pid_t pid = forkpty(&master, NULL, NULL, &ws);
    if (pid < 0) return -1;
    if (pid == 0) {
        /* Child: forkpty made a new session with the pty as controlling terminal on 0, 1, 2. */
        child_reset_signals();
        /* Never outlive the server, even if it is killed with SIGKILL. */
        (void)prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(1);
        child_close_from(3, limit);
        if (chdir("/") != 0) { /* not fatal */ }
        execve(path, argv, envp);
        int err = errno;
        char num[16];
        int i = (int)sizeof num - 1;
        num[i] = 0;
        do { num[--i] = (char)('0' + err % 10); err /= 10; } while (err > 0 && i > 0);
        child_write_str("sinoai serve: cannot start the dashboard (errno ");
        child_write_str(num + i);
        child_write_str(")\r\n");
        _exit(127);
    }
    int flags = fcntl(master, F_GETFD);
    if (flags >= 0) (void)fcntl(master, F_SETFD, flags | FD_CLOEXEC);
    *master_fd = master;
    return pid;
}

int sinoai_set_winsize(int fd, int rows, int cols) {
    struct winsize ws;
    memset(&ws, 0, sizeof ws);
    ws.ws_row = (unsigned short)rows;
    ws.ws_col = (unsigned short)cols;
    return ioctl(fd, TIOCSWINSZ, &ws) == 0 ? 0 : -1;
}

int sinoai_reap_child(pid_t pid, int *exit_status, int *term_signal) {
    int status = 0;
    pid_t r;
    do { r = waitpid(pid, &status, WNOHANG); } while (r < 0 && errno == EINTR);
    if (r < 0) return -1;
    if (r == 0) return 0;
    *exit_status = -1;
    *term_signal = 0;
    if (WIFEXITED(status)) *exit_status = WEXITSTATUS(status);
    else if (WIFSIGNALED(status)) *term_signal = WTERMSIG(status);
    else *exit_status = 255;
    return 1;
}

int sinoai_block_signals_fd(const int *signals, int count) {
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < count; i++) sigaddset(&set, signals[i]);
    if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0) return -1;
    return signalfd(-1, &set, SFD_CLOEXEC);
}

int sinoai_wait_signal(int fd, int timeout_ms) {
    struct pollfd p = { .fd = fd, .events = POLLIN, .revents = 0 };
    int r = poll(&p, 1, timeout_ms);
    if (r < 0) return errno == EINTR ? 0 : -1;
    if (r == 0) return 0;
    struct signalfd_siginfo info;
    ssize_t n = read(fd, &info, sizeof info);
    if (n != (ssize_t)sizeof info) return (n < 0 && (errno == EINTR || errno == EAGAIN)) ? 0 : -1;
    return (int)info.ssi_signo;
}
