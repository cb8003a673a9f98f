#ifndef SINOAI_CNCURSESW_SHIM_H
#define SINOAI_CNCURSESW_SHIM_H
// Wide-character API must be switched on before the header, or cchar_t,
// get_wch and setcchar are missing.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Swift 6 refuses mutable C globals and function-like macros: tiny accessors.
static inline WINDOW *sinoai_stdscr(void) { return stdscr; }
static inline int sinoai_lines(void) { return LINES; }
static inline int sinoai_cols(void) { return COLS; }
static inline int sinoai_colors(void) { return COLORS; }
static inline int sinoai_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t sinoai_a_normal(void) { return A_NORMAL; }
static inline attr_t sinoai_a_bold(void) { return A_BOLD; }
static inline attr_t sinoai_a_dim(void) { return A_DIM; }
static inline attr_t sinoai_a_reverse(void) { return A_REVERSE; }
static inline attr_t sinoai_a_underline(void) { return A_UNDERLINE; }
static inline attr_t sinoai_a_italic(void) { return A_ITALIC; }
static inline mmask_t sinoai_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t sinoai_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t sinoai_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t sinoai_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t sinoai_button5_pressed(void) {
#ifdef BUTTON5_PRESSED
    return BUTTON5_PRESSED;
#else
    return 0;
#endif
}

/// newterm on the process's stdin/stdout; NULL when the terminal type is unknown.
static inline SCREEN *sinoai_newterm(const char *term) {
    return newterm(term, stdout, stdin);
}

/// get_wch into an int: returns OK, KEY_CODE_YES or ERR.
static inline int sinoai_get_wch(unsigned int *out) {
    wint_t ch = 0;
    int r = get_wch(&ch);
    *out = (unsigned int)ch;
    return r;
}

/// Whether the terminfo entry has a capability string (e.g. "RGB" flag).
static inline int sinoai_has_rgb(void) {
    return tigetflag("RGB") > 0;
}

/// Whether the terminal can move the cursor anywhere (the "cup" capability).
static inline int sinoai_can_address_cursor(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}

// From <term.h>, declared here rather than included: its capability macros (`lines`,
// `columns`…) would clash with ordinary names.
struct term;
extern struct term *set_curterm(struct term *);
extern int del_curterm(struct term *);
extern int setupterm(const char *, int, int *);

/// Whether a terminal type can host the dashboard, before curses starts: 0 yes, 1 no
/// terminfo entry, 2 it cannot position the cursor (TERM=dumb). Leaves no terminal set up.
static inline int sinoai_check_terminal_type(const char *name) {
    int error = 0;
    struct term *before = set_curterm((struct term *)0);
    set_curterm(before);
    if (setupterm(name, 1, &error) != OK) {
        set_curterm(before);
        return error == 1 ? 2 : 1;  // 1: a hardcopy terminal (no cursor); else no entry found
    }
    char *cup = tigetstr("cup");
    int addressable = cup != NULL && cup != (char *)-1;
    struct term *made = set_curterm(before);
    if (made != before) del_curterm(made);
    return addressable ? 0 : 2;
}

/// Whether ncurses decodes SGR (mode 1006) mouse reports itself: the terminfo entry's
/// kmous is "ESC [ <" (xterm-256color); entries with "ESC [ M" (tmux-256color, screen)
/// get the X10 form, which cannot report columns past 223.
static inline int sinoai_mouse_reports_sgr(void) {
    char *kmous = tigetstr("kmous");
    return kmous != NULL && kmous != (char *)-1 && kmous[0] == 27 && kmous[1] == '[' && kmous[2] == '<' && kmous[3] == 0;
}

/// Draws one grapheme (up to 5 scalars) with attributes and an extended colour pair.
static inline int sinoai_put_cell(int y, int x, const wchar_t *wch, attr_t attrs, int pair) {
    cchar_t cc;
    if (setcchar(&cc, wch, attrs, 0, &pair) != OK) return ERR;
    return mvwadd_wch(stdscr, y, x, &cc);
}
#endif
