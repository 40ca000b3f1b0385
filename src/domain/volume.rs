//! Disks (volumes) ordered with a desktop or an application server: their type and their size
//! rule. Sizes are whole GB in multiples of a step (10), within a range that depends on the disk's
//! role (a system disk 10–1024 GB, a data disk 10–32768 GB).

use std::fmt;
use std::str::FromStr;

/// A disk type (`ESSD`, `SSD`, `GPSSD`, `SAS`, `SATA`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VolumeType {
    /// Extreme SSD.
    Essd,
    /// Ultra-high I/O.
    Ssd,
    /// General-purpose SSD.
    Gpssd,
    /// High I/O.
    Sas,
    /// Common I/O.
    Sata,
}

impl VolumeType {
    /// Every type, in the documentation's order.
    pub const ALL: [VolumeType; 5] = [
        VolumeType::Essd,
        VolumeType::Ssd,
        VolumeType::Gpssd,
        VolumeType::Sas,
        VolumeType::Sata,
    ];

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            VolumeType::Essd => "ESSD",
            VolumeType::Ssd => "SSD",
            VolumeType::Gpssd => "GPSSD",
            VolumeType::Sas => "SAS",
            VolumeType::Sata => "SATA",
        }
    }
}

impl fmt::Display for VolumeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A disk type the API does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be one of ESSD, SSD, GPSSD, SAS, SATA, got {0}")]
pub struct InvalidVolumeType(pub String);

impl FromStr for VolumeType {
    type Err = InvalidVolumeType;

    /// Exact, case-sensitive spellings, as the real service's enum binding takes them.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        VolumeType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| InvalidVolumeType(s.to_owned()))
    }
}

/// The sizes a disk of some role may have: `min..=max` GB in multiples of `step`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VolumeSizeRule {
    /// Smallest size, GB.
    pub min: u32,
    /// Largest size, GB.
    pub max: u32,
    /// Every size is a multiple of this.
    pub step: u32,
}

/// A size outside the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VolumeSizeError {
    /// Below the minimum or above the maximum.
    #[error("must be {min} to {max} GB, got {got}")]
    OutOfRange {
        /// Smallest size.
        min: u32,
        /// Largest size.
        max: u32,
        /// What the client sent.
        got: i64,
    },
    /// Not a multiple of the step.
    #[error("must be a multiple of {step}, got {got}")]
    NotAMultiple {
        /// The step.
        step: u32,
        /// What the client sent.
        got: i64,
    },
}

impl VolumeSizeRule {
    /// A system (root) disk: 10–1024 GB.
    pub const SYSTEM: VolumeSizeRule = VolumeSizeRule {
        min: 10,
        max: 1024,
        step: 10,
    };
    /// A data disk: 10–32768 GB.
    pub const DATA: VolumeSizeRule = VolumeSizeRule {
        min: 10,
        max: 32768,
        step: 10,
    };

    /// Checks `size` (GB) against the rule. The range is checked first, so `5` is out of range
    /// rather than not a multiple.
    pub fn check(self, size: i64) -> Result<u32, VolumeSizeError> {
        let in_range = u32::try_from(size)
            .ok()
            .filter(|n| (self.min..=self.max).contains(n));
        let Some(n) = in_range else {
            return Err(VolumeSizeError::OutOfRange {
                min: self.min,
                max: self.max,
                got: size,
            });
        };
        if n % self.step != 0 {
            return Err(VolumeSizeError::NotAMultiple {
                step: self.step,
                got: size,
            });
        }
        Ok(n)
    }
}

/// A disk checked against its role's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Volume {
    /// Its type.
    pub volume_type: VolumeType,
    /// Its size in GB.
    pub size_gb: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn types_parse_from_their_exact_spelling_only() {
        for t in VolumeType::ALL {
            assert_eq!(t.as_str().parse::<VolumeType>(), Ok(t));
        }
        assert_eq!(
            "ssd".parse::<VolumeType>().unwrap_err().to_string(),
            "must be one of ESSD, SSD, GPSSD, SAS, SATA, got ssd"
        );
        assert!("".parse::<VolumeType>().is_err());
    }

    #[test]
    fn system_disks_are_10_to_1024_in_tens() {
        assert_eq!(VolumeSizeRule::SYSTEM.check(10), Ok(10));
        assert_eq!(VolumeSizeRule::SYSTEM.check(1020), Ok(1020));
        assert_eq!(
            VolumeSizeRule::SYSTEM.check(85).unwrap_err().to_string(),
            "must be a multiple of 10, got 85"
        );
        assert_eq!(
            VolumeSizeRule::SYSTEM.check(1030).unwrap_err().to_string(),
            "must be 10 to 1024 GB, got 1030"
        );
        assert!(matches!(
            VolumeSizeRule::SYSTEM.check(5),
            Err(VolumeSizeError::OutOfRange { .. })
        ));
        assert!(VolumeSizeRule::SYSTEM.check(-10).is_err());
        assert!(VolumeSizeRule::DATA.check(32760).is_ok());
    }

    proptest! {
        #[test]
        fn check_accepts_exactly_the_multiples_in_range(size in -100i64..40_000) {
            for rule in [VolumeSizeRule::SYSTEM, VolumeSizeRule::DATA] {
                let ok = size >= i64::from(rule.min)
                    && size <= i64::from(rule.max)
                    && size % i64::from(rule.step) == 0;
                prop_assert_eq!(rule.check(size).is_ok(), ok);
                if ok {
                    prop_assert_eq!(rule.check(size).map(i64::from), Ok(size));
                }
            }
        }

        #[test]
        fn unknown_spellings_are_refused(s in "[a-zA-Z]{0,6}") {
            let known = VolumeType::ALL.iter().any(|t| t.as_str() == s);
            prop_assert_eq!(s.parse::<VolumeType>().is_ok(), known);
        }
    }
}
