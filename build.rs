// Build script: on macOS a PHP extension must leave the Zend symbols to be resolved when PHP
// loads it; Linux needs nothing.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let php = std::env::var_os("CARGO_FEATURE_PHP").is_some();
    if php && std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("macos") {
        println!("cargo:rustc-cdylib-link-arg=-undefined");
        println!("cargo:rustc-cdylib-link-arg=dynamic_lookup");
    }
}
