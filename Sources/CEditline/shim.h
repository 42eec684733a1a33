// libedit for Swift: typed wrappers for its variadic el_set/el_get/history, which Swift cannot call. parley
// opens libedit only for a terminal (see LibEdit.swift) instead of linking it, so each wrapper is given the
// function.
#ifndef PARLEY_CEDITLINE_SHIM_H
#define PARLEY_CEDITLINE_SHIM_H

#include <stdio.h>
#include <wchar.h>
#include <locale.h>
#include <langinfo.h>
#include <histedit.h>

typedef int (*parley_el_set_function)(EditLine *, int, ...);
typedef int (*parley_el_get_function)(EditLine *, int, ...);
typedef int (*parley_history_function)(History *, HistEvent *, int, ...);
typedef char *(*parley_el_prompt_fn)(EditLine *);
typedef unsigned char (*parley_el_command_fn)(EditLine *, int);

static inline int parley_el_set_prompt(parley_el_set_function set, EditLine *el, parley_el_prompt_fn fn,
                                       char marker) {
    return set(el, EL_PROMPT_ESC, fn, marker);
}
static inline int parley_el_set_editor(parley_el_set_function set, EditLine *el, const char *mode) {
    return set(el, EL_EDITOR, mode);
}
static inline int parley_el_set_signal(parley_el_set_function set, EditLine *el, int on) {
    return set(el, EL_SIGNAL, on);
}
static inline int parley_el_set_history(parley_el_set_function set, EditLine *el, parley_history_function history,
                                        History *h) {
    return set(el, EL_HIST, history, h);
}
static inline int parley_el_set_getcfn(parley_el_set_function set, EditLine *el, el_rfunc_t fn) {
    return set(el, EL_GETCFN, fn);
}
static inline int parley_el_set_clientdata(parley_el_set_function set, EditLine *el, void *data) {
    return set(el, EL_CLIENTDATA, data);
}
static inline void *parley_el_get_clientdata(parley_el_get_function get, EditLine *el) {
    void *data = NULL;
    get(el, EL_CLIENTDATA, &data);
    return data;
}
static inline int parley_el_add_function(parley_el_set_function set, EditLine *el, const char *name,
                                         const char *help, parley_el_command_fn fn) {
    return set(el, EL_ADDFN, name, help, fn);
}
/// Binds in the main keymap, or with `alternate` in vi's command-mode map.
static inline int parley_el_bind(parley_el_set_function set, EditLine *el, int alternate, const char *keys,
                                 const char *function) {
    return alternate ? set(el, EL_BIND, "-a", keys, function, NULL) : set(el, EL_BIND, keys, function, NULL);
}
static inline int parley_el_prepare_terminal(parley_el_set_function set, EditLine *el, int edit) {
    return set(el, EL_PREP_TERM, edit);
}

static inline int parley_history_set_size(parley_history_function history, History *h, int size) {
    HistEvent ev;
    return history(h, &ev, H_SETSIZE, size);
}
static inline int parley_history_set_unique(parley_history_function history, History *h, int unique) {
    HistEvent ev;
    return history(h, &ev, H_SETUNIQUE, unique);
}
static inline int parley_history_enter(parley_history_function history, History *h, const char *line) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, line);
}
static inline int parley_history_load(parley_history_function history, History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_LOAD, path);
}
static inline int parley_history_save(parley_history_function history, History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_SAVE, path);
}

#endif
