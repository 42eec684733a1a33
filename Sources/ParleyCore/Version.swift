/// The release this build belongs to; `parley --version` prints it.
public enum ParleyVersion {
    public static let current = "0.1.0"
}
