//! Cloud disks (EVS volumes) as desktops and hosts order them: a type and a size in GB.

use std::fmt;
use std::str::FromStr;

/// A disk type (`SAS`, `SSD`, `GPSSD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiskType {
    /// High I/O.
    Sas,
    /// Ultra-high I/O.
    Ssd,
    /// General-purpose SSD.
    Gpssd,
}

/// A disk type that is none of the documented ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be one of SAS, SSD, GPSSD, got {0}")]
pub struct UnknownDiskType(pub String);

impl DiskType {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            DiskType::Sas => "SAS",
            DiskType::Ssd => "SSD",
            DiskType::Gpssd => "GPSSD",
        }
    }
}

impl FromStr for DiskType {
    type Err = UnknownDiskType;

    /// Exact, case-sensitive, as the service matches them.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "SAS" => Ok(DiskType::Sas),
            "SSD" => Ok(DiskType::Ssd),
            "GPSSD" => Ok(DiskType::Gpssd),
            other => Err(UnknownDiskType(other.to_owned())),
        }
    }
}

impl fmt::Display for DiskType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a disk is for; system disks have a larger minimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskRole {
    /// The disk the OS boots from: 80–32760 GB.
    System,
    /// Any other disk: 10–32760 GB.
    Data,
}

/// Largest disk, in GB.
pub const MAX_DISK_GB: u32 = 32760;

/// A disk size that breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiskSizeError {
    /// Outside the role's range.
    #[error("must be {min} to {max} GB, got {got}")]
    Range {
        /// Smallest size for the role.
        min: u32,
        /// Largest size.
        max: u32,
        /// What was sent.
        got: i64,
    },
    /// Not a multiple of 10 GB.
    #[error("must be a multiple of 10, got {0}")]
    Step(i64),
}

impl DiskRole {
    /// The smallest size of a disk in this role, in GB.
    pub fn min_gb(self) -> u32 {
        match self {
            DiskRole::System => 80,
            DiskRole::Data => 10,
        }
    }
}

/// Checks a disk size in GB for `role`, up to `max` GB (normally [`MAX_DISK_GB`]).
pub fn disk_size(role: DiskRole, size: i64, max: u32) -> Result<u32, DiskSizeError> {
    let min = role.min_gb();
    match u32::try_from(size) {
        Ok(n) if (min..=max).contains(&n) => {
            if n % 10 == 0 {
                Ok(n)
            } else {
                Err(DiskSizeError::Step(size))
            }
        }
        _ => Err(DiskSizeError::Range {
            min,
            max,
            got: size,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn disk_types_are_the_documented_three_spelled_exactly() {
        for t in ["SAS", "SSD", "GPSSD"] {
            assert_eq!(t.parse::<DiskType>().unwrap().as_str(), t);
        }
        assert!("sas".parse::<DiskType>().is_err());
        assert!("ESSD".parse::<DiskType>().is_err());
    }

    #[test]
    fn sizes_name_the_broken_rule() {
        assert_eq!(disk_size(DiskRole::System, 80, MAX_DISK_GB), Ok(80));
        assert_eq!(disk_size(DiskRole::Data, 10, MAX_DISK_GB), Ok(10));
        assert_eq!(
            disk_size(DiskRole::System, 70, MAX_DISK_GB)
                .unwrap_err()
                .to_string(),
            "must be 80 to 32760 GB, got 70"
        );
        assert_eq!(
            disk_size(DiskRole::Data, 85, MAX_DISK_GB)
                .unwrap_err()
                .to_string(),
            "must be a multiple of 10, got 85"
        );
        assert!(disk_size(DiskRole::Data, 32770, MAX_DISK_GB).is_err());
        assert!(disk_size(DiskRole::Data, -10, MAX_DISK_GB).is_err());
    }

    proptest! {
        #[test]
        fn accepted_sizes_are_exactly_the_tens_in_range(size in -100i64..40000, system in any::<bool>()) {
            let role = if system { DiskRole::System } else { DiskRole::Data };
            let ok = size >= i64::from(role.min_gb()) && size <= 32760 && size % 10 == 0;
            prop_assert_eq!(disk_size(role, size, MAX_DISK_GB).is_ok(), ok);
        }
    }
}
