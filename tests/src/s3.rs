//! A local S3-compatible server (Python `moto`, `moto_server`) the tests start themselves, with
//! one bucket, and the `STORAGE_*` variables that point Strata at it.

use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

pub struct S3Server {
    _child: Child,
    pub port: u16,
    pub bucket: String,
}

const PROBE: &str = "import boto3,sys\n\
s3=boto3.client('s3',endpoint_url=sys.argv[1],aws_access_key_id='test',aws_secret_access_key='test',region_name='us-east-1')\n\
op=sys.argv[2]\n\
if op=='create': s3.create_bucket(Bucket=sys.argv[3])\n\
else: print(s3.list_objects_v2(Bucket=sys.argv[3]).get('KeyCount',0))\n";

impl S3Server {
    /// Starts moto on a free port and creates a bucket; panics with install instructions when
    /// moto is missing.
    pub async fn start() -> S3Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let child = Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start moto_server ({e}); run `pip install 'moto[server]' boto3`")
            });
        let started = Instant::now();
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "moto_server did not listen within 30 s"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let server = S3Server {
            _child: child,
            port,
            bucket: format!(
                "strata-{}",
                &uuid::Uuid::new_v4().simple().to_string()[..12]
            ),
        };
        server.boto("create").await;
        server
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    async fn boto(&self, op: &str) -> String {
        let out = Command::new("python3")
            .args(["-c", PROBE, &self.endpoint(), op, &self.bucket])
            .output()
            .await
            .expect("python3 runs boto3");
        assert!(
            out.status.success(),
            "boto3 {op}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Objects in the bucket now.
    pub async fn object_count(&self) -> u64 {
        self.boto("count").await.parse().expect("a count")
    }

    /// The variables for a Strata whose only storage location `name` is this bucket.
    pub fn env(&self, name: &str) -> Vec<(String, String)> {
        let up = name.to_uppercase();
        let kv = |k: &str, v: &str| (format!("STORAGE_{up}_{k}"), v.to_string());
        vec![
            ("STORAGE_LOCATIONS".to_string(), name.to_string()),
            kv("DRIVER", "s3"),
            kv("KEY", "test"),
            kv("SECRET", "test"),
            kv("BUCKET", &self.bucket),
            kv("REGION", "us-east-1"),
            kv("ENDPOINT", &self.endpoint()),
            kv("FORCE_PATH_STYLE", "true"),
        ]
    }
}
