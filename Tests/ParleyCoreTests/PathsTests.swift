import ParleyCore
import Testing

@Suite("Where files live")
struct PathsTests {
    @Test("XDG variables are used when absolute")
    func xdg() {
        let paths = Paths(environment: [
            "HOME": "/home/ann", "XDG_CONFIG_HOME": "/cfg", "XDG_STATE_HOME": "/st", "XDG_DATA_HOME": "/dat",
        ], home: "/unused")
        #expect(paths == Paths(configFile: "/cfg/parley/config.yaml", stateDirectory: "/st/parley",
                               dataDirectory: "/dat/parley"))
        #expect(paths.historyFile == "/st/parley/history")
    }

    @Test("unset or relative XDG variables fall back to the home directory")
    func fallbacks() {
        let paths = Paths(environment: ["HOME": "/home/ann", "XDG_STATE_HOME": "relative/dir"], home: "/unused")
        #expect(paths.configFile == "/home/ann/.config/parley/config.yaml")
        #expect(paths.stateDirectory == "/home/ann/.local/state/parley")
        #expect(paths.dataDirectory == "/home/ann/.local/share/parley")
        #expect(Paths(environment: [:], home: "/pw/home").stateDirectory == "/pw/home/.local/state/parley")
    }

    @Test("--config beats PARLEY_CONFIG, which beats the XDG location")
    func configPrecedence() {
        let environment = ["HOME": "/h", "PARLEY_CONFIG": "/env.yaml"]
        #expect(Paths(environment: environment, home: "/h").configFile == "/env.yaml")
        #expect(Paths(environment: environment, configOverride: "/opt.yaml", home: "/h").configFile == "/opt.yaml")
    }
}
