tkShard("2d-6d",[
["-minus",1,"a","A <b>bold</b> & [[link]] {{tpl}} | pipe","en","-minus"]
]);
