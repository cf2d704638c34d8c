/* What Swift cannot import from ncursesw by itself: the wide-character API needs
   NCURSES_WIDECHAR (SwiftPM drops pkg-config's -D flags), attribute and key macros need
   functions, and Swift 6 refuses the library's mutable globals. */
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

/* newterm on the standard streams: unlike initscr, it returns NULL for an unknown TERM
   instead of exiting. */
static inline SCREEN *cn_newterm_stdio(void) { return newterm(NULL, stdout, stdin); }
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cn_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline attr_t cn_a_normal(void) { return A_NORMAL; }
static inline int cn_key_code_yes(void) { return KEY_CODE_YES; }
/* The mouse events the configurator asks for with --mouse: a left click and the wheel. */
static inline mmask_t cn_mouse_mask(void) { return BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED; }
/* 1 for a left click, 4 for the wheel up, 5 for the wheel down, 0 for anything else. */
static inline int cn_mouse_button(const MEVENT *event) {
    if (event->bstate & BUTTON1_PRESSED) return 1;
    if (event->bstate & BUTTON4_PRESSED) return 4;
    if (event->bstate & BUTTON5_PRESSED) return 5;
    return 0;
}
extern int wcwidth(wchar_t);
static inline int cn_wcwidth(wchar_t c) { return wcwidth(c); }
