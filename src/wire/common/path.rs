//! Field paths in error messages.

/// `path: message`, or `path[0].field: ...` when `message` is itself the error of an item
/// (it starts with its `[index]`), so nested one-or-many lists read as one field path.
pub fn join_path(path: &str, message: &str) -> String {
    if message.starts_with('[') {
        format!("{path}{message}")
    } else {
        format!("{path}: {message}")
    }
}
