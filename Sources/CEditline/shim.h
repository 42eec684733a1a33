// Typed wrappers for libedit's variadic el_set/el_get/history, which Swift cannot call.
#ifndef PARLEY_CEDITLINE_SHIM_H
#define PARLEY_CEDITLINE_SHIM_H

#include <stdio.h>
#include <wchar.h>
#include <locale.h>
#include <langinfo.h>
#include <histedit.h>

typedef char *(*parley_el_prompt_fn)(EditLine *);
typedef unsigned char (*parley_el_command_fn)(EditLine *, int);

static inline int parley_el_set_prompt(EditLine *el, parley_el_prompt_fn fn, char marker) {
    return el_set(el, EL_PROMPT_ESC, fn, marker);
}
static inline int parley_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}
static inline int parley_el_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}
static inline int parley_el_set_history(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}
static inline int parley_el_set_getcfn(EditLine *el, el_rfunc_t fn) {
    return el_set(el, EL_GETCFN, fn);
}
static inline int parley_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}
static inline void *parley_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}
static inline int parley_el_add_function(EditLine *el, const char *name, const char *help,
                                         parley_el_command_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
/// Binds in the main keymap, or with `alternate` in vi's command-mode map.
static inline int parley_el_bind(EditLine *el, int alternate, const char *keys, const char *function) {
    return alternate ? el_set(el, EL_BIND, "-a", keys, function, NULL)
                     : el_set(el, EL_BIND, keys, function, NULL);
}
static inline int parley_el_prepare_terminal(EditLine *el, int edit) {
    return el_set(el, EL_PREP_TERM, edit);
}

static inline int parley_history_set_size(History *h, int size) {
    HistEvent ev;
    return history(h, &ev, H_SETSIZE, size);
}
static inline int parley_history_set_unique(History *h, int unique) {
    HistEvent ev;
    return history(h, &ev, H_SETUNIQUE, unique);
}
static inline int parley_history_enter(History *h, const char *line) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, line);
}
static inline int parley_history_load(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_LOAD, path);
}
static inline int parley_history_save(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_SAVE, path);
}

#endif
